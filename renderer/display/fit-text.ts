/**
 * Shrinks a one-line heading until it fits its box (a long branch name on the lobby board), down
 * to `minScale` of its size; a name still too long then wraps onto a second line rather than
 * being cut. The element's CSS reads the scale as `--fit`.
 */
export function fitText(node: HTMLElement, options: { text: string; minScale: number }) {
  let { minScale } = options;
  const fit = () => {
    node.style.setProperty('--fit', '1');
    node.style.whiteSpace = 'nowrap';
    const scale = Math.min(1, node.clientWidth / Math.max(1, node.scrollWidth));
    node.style.setProperty('--fit', String(Math.max(minScale, scale * 0.99)));
    if (node.scrollWidth > node.clientWidth) node.style.whiteSpace = 'normal';
  };
  const observer = new ResizeObserver(fit);
  observer.observe(node);
  void document.fonts.ready.then(fit);
  return {
    update(next: { text: string; minScale: number }) {
      minScale = next.minScale;
      queueMicrotask(fit);
    },
    destroy() {
      observer.disconnect();
    },
  };
}
