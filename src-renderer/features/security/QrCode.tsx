import { useEffect, useState } from 'react';
import { toString as qrSvg } from 'qrcode';
import { Image, Loader } from '@mantine/core';

/**
 * A QR code drawn on this workstation from `value` (issue 14, point 3): the secret it carries
 * never goes to any outside service. An SVG, shown as an image (the CSP allows data: images).
 */
export function QrCode({ value, alt, size = 200 }: { value: string; alt: string; size?: number }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void qrSvg(value, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((svg) => {
      if (live) setSource(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      live = false;
      setSource(null);
    };
  }, [value]);
  if (source === null) return <Loader size="sm" aria-label={alt} />;
  return <Image src={source} alt={alt} w={size} h={size} fit="contain" bg="white" />;
}
