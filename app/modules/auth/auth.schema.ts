import { z } from "zod";

// Shared by the browser (Conform validates as you type) and the server (validates again).
const email = z
  .string({ error: "Enter your email address" })
  .trim()
  .max(254, "Email addresses are at most 254 characters")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.org" }))
  .transform((value) => value.toLowerCase());

const newPassword = z
  .string({ error: "Choose a password" })
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

export const signUpSchema = z.object({
  name: z.string({ error: "Enter your name" }).trim().min(1, "Enter your name").max(120, "Names are at most 120 characters"),
  email,
  organisation: z.string().trim().max(160, "At most 160 characters").default(""),
  password: newPassword,
  redirectTo: z.string().optional(),
});

export const logInSchema = z.object({
  email,
  password: z.string({ error: "Enter your password" }).max(200, "Passwords are at most 200 characters"),
  redirectTo: z.string().optional(),
});

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({
    token: z.string({ error: "This reset link is incomplete" }).min(10).max(200),
    password: newPassword,
    confirm: z.string({ error: "Type the password again" }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords don't match" });

export const profileSchema = z.object({
  name: z.string({ error: "Enter your name" }).trim().min(1, "Enter your name").max(120, "Names are at most 120 characters"),
  organisation: z.string().trim().max(160, "At most 160 characters").default(""),
  title: z.string().trim().max(160, "At most 160 characters").default(""),
  socialHandle: z
    .string()
    .trim()
    .max(80, "At most 80 characters")
    .regex(/^(@?[\w.-]+)?$/, "Use a handle like @name, without spaces")
    .default(""),
});

/** Only same-site paths: an open redirect would turn our login page into a phishing tool. */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to?.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export const revokeSessionSchema = z.object({
  sessionId: z.string({ error: "Choose a session" }).min(1).max(100),
});
