import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as PImage from 'pureimage';
import type { CharStyle } from './ticket-document.js';

/**
 * The printer's character cells as black-and-white dots: DejaVu Sans Mono (from the `dejavu-fonts-ttf`
 * package) drawn with pureimage at the size of the cell and cut at half grey, the way a thermal head
 * prints. Font A is a 12x24 cell, font B 9x17. A character of height multiplier h is drawn at h times
 * the font size (so large numbers stay smooth); a width multiplier other than h stretches it sideways,
 * as the printer does.
 */

const FACES = {
  regular: 'DejaVuSansMono.ttf',
  bold: 'DejaVuSansMono-Bold.ttf',
  italic: 'DejaVuSansMono-Oblique.ttf',
  boldItalic: 'DejaVuSansMono-BoldOblique.ttf',
} as const;

type Face = keyof typeof FACES;

/** Font size in pixels and baseline for a cell of height multiplier 1. */
const METRICS = { A: { cellWidth: 12, cellHeight: 24, size: 20, baseline: 19 }, B: { cellWidth: 9, cellHeight: 17, size: 14, baseline: 13 } } as const;

let loaded = false;

function familyName(face: Face): string {
  return `AntreThermal-${face}`;
}

/**
 * Load the fonts and draw the plain and bold ASCII cells, so the first ticket does not wait for
 * them (and neither do the status requests that come while it is drawn).
 */
export function warmUpThermalFont(): void {
  loadFonts();
  const style: CharStyle = { font: 'A', width: 1, height: 1, bold: false, underline: 0, italic: false, reverse: false, spacing: 0 };
  for (let code = 0x21; code < 0x7f; code++) {
    glyphFor(String.fromCharCode(code), style);
    glyphFor(String.fromCharCode(code), { ...style, bold: true });
  }
}

function loadFonts(): void {
  if (loaded) return;
  const require = createRequire(import.meta.url);
  const directory = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  for (const [face, file] of Object.entries(FACES)) PImage.registerFont(join(directory, file), familyName(face as Face)).loadSync();
  loaded = true;
}

export interface Glyph {
  width: number;
  height: number;
  /** One byte per dot, row by row, 1 = black. */
  dots: Uint8Array;
}

const cache = new Map<string, Glyph>();

function faceOf(style: CharStyle): Face {
  if (style.bold) return style.italic ? 'boldItalic' : 'bold';
  return style.italic ? 'italic' : 'regular';
}

/** Draw one character at height multiplier `scale`, in a cell `scale` times the base cell. */
function drawCharacter(char: string, font: 'A' | 'B', face: Face, scale: number): Glyph {
  const m = METRICS[font];
  const width = m.cellWidth * scale;
  const height = m.cellHeight * scale;
  const image = PImage.make(width, height);
  const context = image.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000000';
  context.font = `${m.size * scale}px ${familyName(face)}`;
  context.fillText(char, 0, m.baseline * scale);
  const dots = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Red channel of 0xRRGGBBAA: below half grey prints.
      if (image.getPixelRGBA(x, y) >>> 24 < 128) dots[y * width + x] = 1;
    }
  }
  return { width, height, dots };
}

/** Stretch a glyph sideways to `width` dots, nearest dot, as the print head does with a wide character. */
function stretch(glyph: Glyph, width: number): Glyph {
  if (width === glyph.width) return glyph;
  const dots = new Uint8Array(width * glyph.height);
  for (let y = 0; y < glyph.height; y++) {
    for (let x = 0; x < width; x++) dots[y * width + x] = glyph.dots[y * glyph.width + Math.floor((x * glyph.width) / width)]!;
  }
  return { width, height: glyph.height, dots };
}

/** The dots of a character in a style, without the character spacing: (cell width x width) by (cell height x height). */
export function glyphFor(char: string, style: CharStyle): Glyph {
  const face = faceOf(style);
  const key = `${char}\u0000${style.font}${face}${style.width}x${style.height}`;
  const cached = cache.get(key);
  if (cached) return cached;
  loadFonts();
  const drawn = char === ' ' || char === '\u00a0' ? blank(style) : drawCharacter(char, style.font, face, style.height);
  const glyph = stretch(drawn, METRICS[style.font].cellWidth * style.width);
  cache.set(key, glyph);
  return glyph;
}

function blank(style: CharStyle): Glyph {
  const m = METRICS[style.font];
  return { width: m.cellWidth * style.height, height: m.cellHeight * style.height, dots: new Uint8Array(m.cellWidth * m.cellHeight * style.height * style.height) };
}
