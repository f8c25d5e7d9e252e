/**
 * Starting at boot. Windows (NSIS): the login item Electron sets. Linux (deb, AppImage): an XDG
 * autostart entry in the user's ~/.config/autostart, written by the app at its first packaged
 * start, naming the same profile the app was started with.
 */
export function autostartDesktopEntry(executable: string, profileFile: string | null): string {
  const quote = (s: string) => `"${s.replace(/(["\\`$])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Antre',
    'Comment=Antre branch queue (starts at login)',
    `Exec=${quote(executable)}${profileFile ? ` --profile ${quote(profileFile)}` : ''}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}
