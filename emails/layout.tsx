import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

/** The frame every Summit email shares: plain, readable, high-contrast. */
export function EmailLayout({ title, preview, children }: { title: string; preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head>
        {/* Mail clients that open the message as a page, and screen readers, announce the title. */}
        <title>{title}</title>
      </Head>
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f4f6f8", fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2933" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "32px", maxWidth: "560px", borderRadius: "8px" }}>
          <Text style={{ fontSize: "14px", fontWeight: 700, color: "#0b5cad", letterSpacing: "0.04em" }}>SUMMIT</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e4e7eb", margin: "24px 0" }} />
          <Text style={{ fontSize: "12px", color: "#616e7c" }}>
            Center for Social Media in Health Care · You received this because of an action on your Summit account.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const paragraph = { fontSize: "16px", lineHeight: "24px" } as const;
export const button = {
  backgroundColor: "#0b5cad",
  color: "#ffffff",
  padding: "12px 20px",
  borderRadius: "6px",
  fontWeight: 700,
  textDecoration: "none",
  display: "inline-block",
} as const;
