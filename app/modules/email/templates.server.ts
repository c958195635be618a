import { render } from "@react-email/components";
import { createElement, type FunctionComponent } from "react";
import ResetPassword, { type ResetPasswordProps, subject as resetSubject } from "../../../emails/reset-password.email.tsx";
import VerifyEmail, { type VerifyEmailProps, subject as verifySubject } from "../../../emails/verify-email.email.tsx";

/** Every email Summit sends, by name. Adding a template means adding a line here. */
const templates = {
  "verify-email": { component: VerifyEmail, subject: verifySubject },
  "reset-password": { component: ResetPassword, subject: resetSubject },
} satisfies Record<string, { component: FunctionComponent<never>; subject: (props: never) => string }>;

type Templates = typeof templates;
export type TemplateName = keyof Templates;
export type TemplateProps = {
  "verify-email": VerifyEmailProps;
  "reset-password": ResetPasswordProps;
};

export type RenderedEmail = { template: TemplateName; subject: string; html: string; text: string };

/**
 * React 18's streaming renderer flushes a whole 2 KB buffer when a multi-byte character
 * does not fit its last bytes, so the output can carry NUL padding (the Preview's
 * invisible filler triggers it, depending on the text's length). The padding stands for
 * no character, and PostgreSQL refuses NUL in text columns.
 */
function withoutNul(value: string): string {
  return value.replaceAll("\u0000", "");
}

export async function renderEmail<T extends TemplateName>(template: T, props: TemplateProps[T]): Promise<RenderedEmail> {
  const { component, subject } = templates[template] as unknown as {
    component: FunctionComponent<TemplateProps[T]>;
    subject: (p: TemplateProps[T]) => string;
  };
  const element = createElement(component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { template, subject: subject(props), html: withoutNul(html), text: withoutNul(text) };
}
