/**
 * Keeps a supervisor dialog in step with what it asks about, from an $effect: while there is a
 * subject (a request, a service, a ticket) the dialog is open, prepared by `prepare` just before it
 * shows; once there is none, it closes.
 */
export function followSubject<T>(dialog: HTMLDialogElement | undefined, subject: T | null, prepare: (subject: T) => void): void {
  if (!dialog) return;
  if (subject && !dialog.open) {
    prepare(subject);
    dialog.showModal();
  } else if (!subject && dialog.open) {
    dialog.close();
  }
}
