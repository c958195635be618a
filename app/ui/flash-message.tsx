import type { Flash } from "~/modules/auth/session.server.ts";

const tones = {
  success: "border-green-300 bg-green-50 text-green-900",
  error: "border-red-300 bg-red-50 text-red-900",
  info: "border-brand-100 bg-brand-50 text-brand-800",
};

/** The one-shot notice after an action; role=status so screen readers announce it. */
export function FlashMessage({ flash }: { flash: Flash | null }) {
  return (
    <div role="status" aria-live="polite">
      {flash ? <p className={`mb-6 rounded-md border p-3 font-medium ${tones[flash.kind]}`}>{flash.message}</p> : null}
    </div>
  );
}
