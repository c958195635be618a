// Pages are streamed by React 18's renderToPipeableStream, which encodes HTML 2,048 bytes at a
// time. Unpatched, a multi-byte character (the "—" in "Attendee 2 — In-person") that did not
// fit the buffer's end left unwritten NUL bytes in the page (facebook/react#26228, fixed only in
// React 19); patches/react-dom+18.3.1.patch applies the upstream fix.
import { PassThrough } from "node:stream";
import { text } from "node:stream/consumers";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { expect, it } from "vitest";

function streamed(element: ReturnType<typeof createElement>): Promise<string> {
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(element, {
      onAllReady() {
        const body = new PassThrough();
        text(body).then(resolve, reject);
        pipe(body);
      },
      onError: reject,
    });
  });
}

it("streams multi-byte text across the encoder's 2 KB buffers without NUL bytes", async () => {
  // Texts mostly of 3-byte characters, of differing lengths, cross the buffers' ends mid-character.
  const items = Array.from({ length: 200 }, (_, i) =>
    createElement("li", { key: i }, `Attendee ${i} ${"—".repeat(20)} In-person`),
  );
  const page = createElement("ul", null, items);

  const html = await streamed(page);

  expect(html).not.toContain("\u0000");
  expect(html).toBe(renderToString(page));
});
