'use client';

import { useEffect, useRef, useState } from 'react';
import { isSafeHttpUrl } from '@/lib/apps/http-url';

// Tailwind needs the full class names in the source; a name always gets the same colour.
const TILE_COLOURS = [
  'bg-brand-100 text-brand-700',
  'bg-emerald-100 text-emerald-700',
  'bg-amber-100 text-amber-800',
  'bg-sky-100 text-sky-700',
  'bg-rose-100 text-rose-700',
  'bg-violet-100 text-violet-700',
  'bg-teal-100 text-teal-700',
  'bg-orange-100 text-orange-700',
];

const SIZES = { sm: 'size-8 rounded-md text-sm', lg: 'size-12 rounded-xl text-xl' } as const;

function colourFor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return TILE_COLOURS[hash % TILE_COLOURS.length] ?? TILE_COLOURS[0]!;
}

/**
 * An application's icon, or a tile with its initial when there is none or it fails to load. Only
 * http(s) URLs are ever put in `src`, whatever is stored. Decorative: the name is always shown next to it.
 */
export function AppIcon({ name, iconUrl, size = 'lg' }: { name: string; iconUrl: string | null; size?: keyof typeof SIZES }) {
  const [failed, setFailed] = useState(false);
  const image = useRef<HTMLImageElement>(null);
  const src = !failed && isSafeHttpUrl(iconUrl) ? iconUrl : null;

  useEffect(() => setFailed(false), [iconUrl]);
  // An image that failed before hydration fired its error event before React listened.
  useEffect(() => {
    const img = image.current;
    if (img?.complete && img.naturalWidth === 0) setFailed(true);
  }, [src]);

  if (src) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- icons come from any admin-given host; next/image would need each one configured
      <img
        ref={image}
        src={src}
        alt=""
        referrerPolicy="no-referrer"
        loading="lazy"
        className={`${SIZES[size]} shrink-0 bg-white object-contain`}
        onError={() => setFailed(true)}
      />
    );
  }
  const initial = Array.from(name.trim())[0]?.toLocaleUpperCase('en') ?? '?';
  return (
    <span
      aria-hidden
      className={`${SIZES[size]} ${colourFor(name)} inline-flex shrink-0 items-center justify-center font-semibold select-none`}
    >
      {initial}
    </span>
  );
}
