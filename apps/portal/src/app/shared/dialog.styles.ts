/** The modal look shared by the portal's native <dialog>s (confirmations, the password reset). */
export const DIALOG_STYLES = `
  dialog {
    width: min(32rem, calc(100vw - 2rem));
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: 1.25rem 1.25rem 1rem;
    color: var(--text);
    box-shadow: 0 10px 30px rgb(16 24 40 / 25%);
  }
  dialog::backdrop {
    background: rgb(16 24 40 / 45%);
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: 1.25rem;
  }
`;
