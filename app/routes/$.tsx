import { notFound } from "~/shared/http.server.ts";

// Every unknown URL lands here so the root error boundary shows the friendly 404 page.
export async function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
