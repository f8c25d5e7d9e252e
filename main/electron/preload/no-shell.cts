// Preload of the screens that need nothing of the shell (display, console, supervisor): it
// exposes nothing, so their pages run exactly as in any browser.
export {};
