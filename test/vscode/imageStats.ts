// What a screenshot holds, measured by the browser itself: the PNG is decoded by a canvas in a
// blank page of the same browser (no image library needed), optionally cropped to a view's box.
import type { Page } from 'playwright-core';

export interface ImageStats {
  width: number;
  height: number;
  /** Distinct colours, counted at 5 bits per channel. */
  colours: number;
  /** Share of pixels that differ clearly from the most common colour (the background). */
  inked: number;
}

interface BrowserGlobals {
  Image: new () => { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
  document: {
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        drawImage(
          img: unknown,
          sx: number,
          sy: number,
          sw: number,
          sh: number,
          dx: number,
          dy: number,
          dw: number,
          dh: number,
        ): void;
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      };
    };
  };
}

export async function imageStats(
  page: Page,
  png: Buffer,
  clip?: { x: number; y: number; width: number; height: number },
): Promise<ImageStats> {
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(
      async ({ b64, box }) => {
        // Runs in the browser; the project compiles without the DOM library, so its types are spelt here.
        const g = globalThis as unknown as BrowserGlobals;
        const img = new g.Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const r = box ?? { x: 0, y: 0, width: img.naturalWidth, height: img.naturalHeight };
        const w = Math.max(1, Math.round(r.width));
        const h = Math.max(1, Math.round(r.height));
        const canvas = g.document.createElement('canvas');
        canvas.width = w;
        canvas.height = h;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, Math.round(r.x), Math.round(r.y), w, h, 0, 0, w, h);
        const data = ctx.getImageData(0, 0, w, h).data;
        const counts = new Map<number, number>();
        for (let i = 0; i < data.length; i += 4) {
          const key = ((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        let background = 0;
        let most = -1;
        for (const [k, n] of counts) if (n > most) [background, most] = [k, n];
        const channel = (k: number, shift: number) => ((k >> shift) & 31) << 3;
        const bg = [channel(background, 10), channel(background, 5), channel(background, 0)];
        let inked = 0;
        for (let i = 0; i < data.length; i += 4) {
          const d = Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]);
          if (d > 48) inked++;
        }
        return { width: w, height: h, colours: counts.size, inked: inked / (w * h) };
      },
      { b64: png.toString('base64'), box: clip ?? null },
    );
  } finally {
    await blank.close();
  }
}
