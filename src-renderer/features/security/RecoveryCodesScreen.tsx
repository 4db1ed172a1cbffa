import { ScreenCard } from '../../components/MessageScreen';
import { RecoveryCodes } from './RecoveryCodes';

/** The recovery codes of a set-up the office required, on their own page before the office. */
export function RecoveryCodesScreen({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <ScreenCard width={480}>
      <RecoveryCodes codes={codes} onDone={onDone} />
    </ScreenCard>
  );
}
