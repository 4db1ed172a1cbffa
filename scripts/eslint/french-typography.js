// @ts-check
// fr-CA typography in the code's own French strings (style.md, last paragraph; issue 15 point 10):
// a no-break space before « : ; ! ? » and inside « », so that a line never breaks there. The locale
// files are checked by src-renderer/lib/i18n.test.ts; this rule covers the refusals and messages
// written in TypeScript (mutators, server, main process), with an automatic fix.

const NBSP = '\u00a0';
/** A string is French when it holds a French letter or guillemets, or a word followed by « : » (English and SQL never write that). */
const FRENCH = /[àâçéèêëîïôûùüÿœÀÂÇÉÈÊËÎÏÔÛÙÜŸŒ«»]|\S :(?: |$)/u;
/** A plain space where a no-break one belongs: before : ; ! ? », or after «. */
const BREAKABLE = / (?=[:;!?»])|(?<=«) /gu;

/** @param {string} text */
function fixText(text) {
  return text.replace(BREAKABLE, NBSP);
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'suggestion',
    fixable: 'code',
    docs: { description: 'A no-break space before « : ; ! ? » and inside « » in French strings.' },
    messages: {
      breakable: 'Typographie fr-CA : une espace insécable (U+00A0) avant « : ; ! ? » et à l’intérieur des guillemets.',
    },
    schema: [],
  },
  create(context) {
    const source = context.sourceCode;
    /** @param {import('estree').Node} node @param {string} whole */
    function check(node, whole) {
      if (!FRENCH.test(whole) || !new RegExp(BREAKABLE.source, 'u').test(whole)) return;
      context.report({
        node,
        messageId: 'breakable',
        fix: (fixer) => fixer.replaceText(node, fixText(source.getText(node))),
      });
    }
    return {
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value);
      },
      TemplateLiteral(node) {
        // Placeholders stand in as a word, so « ${name} » and `${a} : ${b}` are judged as text.
        const whole = node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('x');
        if (!FRENCH.test(whole)) return;
        for (const quasi of node.quasis) {
          const text = quasi.value.cooked ?? quasi.value.raw;
          if (!new RegExp(BREAKABLE.source, 'u').test(text)) continue;
          context.report({
            node: quasi,
            messageId: 'breakable',
            fix: (fixer) => fixer.replaceText(quasi, fixText(source.getText(quasi))),
          });
        }
      },
      JSXText(node) {
        check(node, /** @type {{ value: string }} */ (/** @type {unknown} */ (node)).value);
      },
    };
  },
};

export default { rules: { 'french-typography': rule } };
