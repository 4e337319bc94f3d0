"use client";
/**
 * A button for an action that cannot be undone: it asks first, in a modal dialog (readable on a
 * projector, operable by keyboard: Escape cancels), and only then acts.
 */
import { useTranslations } from "next-intl";
import { useRef, type ReactNode } from "react";

export function ConfirmButton(props: {
  /** The button's own label. */
  children: ReactNode;
  /** What the dialog asks, and the label of its confirming button. */
  question: string;
  confirm: string;
  onConfirm: () => void;
  className?: string;
  ariaLabel?: string;
  disabled?: boolean;
}) {
  const t = useTranslations("confirm");
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className={props.className}
        aria-label={props.ariaLabel}
        disabled={props.disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {props.children}
      </button>
      <dialog ref={dialog} className="confirm" aria-label={props.question}>
        <p>{props.question}</p>
        <form method="dialog" className="controls">
          <button type="submit" className="secondary" autoFocus>
            {t("cancel")}
          </button>
          <button
            type="submit"
            className="danger"
            onClick={() => {
              dialog.current?.close();
              props.onConfirm();
            }}
          >
            {props.confirm}
          </button>
        </form>
      </dialog>
    </>
  );
}
