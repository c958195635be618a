import {
  type FieldMetadata,
  type FormMetadata,
  getFormProps,
  getInputProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { deleteRoomSchema, deleteTrackSchema, roomSchema, trackSchema } from "~/modules/agenda/agenda.schema.ts";
import { deleteRoom, deleteTrack, getVenue, saveRoom, saveTrack } from "~/modules/agenda/venue.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { Button } from "~/ui/components.tsx";
import { CheckboxField, FieldErrors, FormErrors, TextField } from "~/ui/form-fields.tsx";

export const meta: MetaFunction = () => [{ title: "Rooms & tracks · Agenda · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(getVenue(context.db, params.id ?? ""));
}

const SCHEMAS = {
  "save-room": roomSchema,
  "delete-room": deleteRoomSchema,
  "save-track": trackSchema,
  "delete-track": deleteTrackSchema,
} as const;

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent"));
  if (!(intent in SCHEMAS)) badRequest("Unknown action.");
  const submission = parseWithZod(formData, { schema: SCHEMAS[intent as keyof typeof SCHEMAS] });
  if (submission.status !== "success") return replyInvalid(submission);
  const value = submission.value;
  const back = (message: string) =>
    redirectWithFlash(context.env, request, `/admin/events/${eventId}/agenda/venue`, { kind: "success", message });
  try {
    if (value.intent === "save-room") return back(`${(await saveRoom(context.db, user.id, eventId, value)).name} saved.`);
    if (value.intent === "save-track") return back(`${(await saveTrack(context.db, user.id, eventId, value)).name} saved.`);
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
  // A refused delete answers beside its button: replying through the room's form would reset its fields.
  const id = value.intent === "delete-room" ? value.roomId : value.trackId;
  try {
    const deleted =
      value.intent === "delete-room"
        ? await orNotFound(deleteRoom(context.db, user.id, eventId, id))
        : await orNotFound(deleteTrack(context.db, user.id, eventId, id));
    return back(`${deleted.name} deleted.`);
  } catch (error) {
    if (error instanceof RuleViolation) return data({ deleteError: { id, message: error.message } }, { status: 422 });
    throw error;
  }
}

type Reply = SubmissionResult<string[]> | undefined;
type Venue = Awaited<ReturnType<typeof loader>>;

/** Several forms share one action; a reply belongs to the form whose intent and id it echoes. */
function replyFor(reply: Reply, intent: string, idField: string, id: string | undefined): Reply {
  const sent = reply?.initialValue as Record<string, unknown> | null | undefined;
  if (!sent || sent.intent !== intent) return undefined;
  return (sent[idField] || undefined) === id ? reply : undefined;
}

const inputClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

/**
 * The shell a room's and a track's form share: which item it saves, the form's errors, the name,
 * the item's own fields, the order and the button.
 */
function VenueForm<Schema extends Record<string, unknown>>({
  form,
  fields,
  noun,
  item,
  children,
  extra,
}: {
  form: FormMetadata<Schema, string[]>;
  fields: { name: FieldMetadata<string | undefined | null>; position: FieldMetadata<unknown> };
  noun: "room" | "track";
  item?: { id: string; name: string };
  /** The item's own fields, between the name and the order. */
  children: ReactNode;
  /** Full-width fields after the order. */
  extra?: ReactNode;
}) {
  const navigation = useNavigation();
  const Noun = noun === "room" ? "Room" : "Track";
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      aria-label={item ? `${Noun} ${item.name}` : `New ${noun}`}
      className="grid gap-3 sm:grid-cols-6"
    >
      <input type="hidden" name="intent" value={`save-${noun}`} />
      {item ? <input type="hidden" name={`${noun}Id`} value={item.id} /> : null}
      <div className="sm:col-span-6">
        <FormErrors id={form.errorId} errors={form.errors} />
      </div>
      <div className="sm:col-span-3">
        <TextField field={fields.name} label="Name" />
      </div>
      {children}
      <div>
        <label htmlFor={fields.position.id} className="block text-sm font-semibold text-slate-800">
          Order
        </label>
        <input
          {...getInputProps(fields.position, { type: "number" })}
          key={fields.position.key}
          min={0}
          placeholder="Last"
          className={inputClass}
        />
        <FieldErrors id={fields.position.errorId} errors={fields.position.errors} />
      </div>
      {extra}
      <div className="sm:col-span-6">
        <Button variant={item ? "secondary" : "primary"} disabled={navigation.state === "submitting"}>
          {item ? `Save ${item.name}` : `Add ${noun}`}
        </Button>
      </div>
    </Form>
  );
}

function RoomForm({ room, reply }: { room?: Venue["rooms"][number]; reply: Reply }) {
  const [form, fields] = useForm({
    id: `room-${room?.id ?? "new"}`,
    lastResult: replyFor(reply, "save-room", "roomId", room?.id),
    defaultValue: room
      ? {
          ...room,
          capacity: String(room.capacity),
          position: String(room.position),
          stepFree: room.stepFree ? "on" : undefined,
          hearingLoop: room.hearingLoop ? "on" : undefined,
          liveCaptioning: room.liveCaptioning ? "on" : undefined,
        }
      : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: roomSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <VenueForm
      form={form}
      fields={fields}
      noun="room"
      item={room}
      extra={
        <fieldset className="flex flex-col gap-2 sm:col-span-6 sm:flex-row sm:gap-6">
          <legend className="mb-1 text-sm font-semibold text-slate-800">Accessibility</legend>
          <CheckboxField field={fields.stepFree} label="Step-free access" />
          <CheckboxField field={fields.hearingLoop} label="Hearing loop" />
          <CheckboxField field={fields.liveCaptioning} label="Live captioning" />
        </fieldset>
      }
    >
      <div className="sm:col-span-2">
        <label htmlFor={fields.capacity.id} className="block text-sm font-semibold text-slate-800">
          Capacity (seats)
        </label>
        <input {...getInputProps(fields.capacity, { type: "number" })} key={fields.capacity.key} min={1} className={inputClass} />
        <FieldErrors id={fields.capacity.errorId} errors={fields.capacity.errors} />
      </div>
    </VenueForm>
  );
}

function TrackForm({ track, reply }: { track?: Venue["tracks"][number]; reply: Reply }) {
  const [form, fields] = useForm({
    id: `track-${track?.id ?? "new"}`,
    lastResult: replyFor(reply, "save-track", "trackId", track?.id),
    defaultValue: track ? { ...track, position: String(track.position) } : { color: "#0b5cad" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: trackSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <VenueForm form={form} fields={fields} noun="track" item={track}>
      <div className="sm:col-span-2">
        <label htmlFor={fields.color.id} className="block text-sm font-semibold text-slate-800">
          Colour
        </label>
        <input
          {...getInputProps(fields.color, { type: "color" })}
          key={fields.color.key}
          className="block h-11 w-full rounded-md border border-slate-400 bg-white px-1"
        />
        <FieldErrors id={fields.color.errorId} errors={fields.color.errors} />
      </div>
    </VenueForm>
  );
}

function DeleteButton({
  intent,
  idField,
  id,
  name,
  used,
  error,
}: {
  intent: string;
  idField: string;
  id: string;
  name: string;
  used: number;
  error?: string;
}) {
  const navigation = useNavigation();
  return (
    <Form method="post" className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={idField} value={id} />
      <Button variant="secondary" disabled={navigation.state === "submitting"} aria-label={`Delete ${name}`}>
        Delete
      </Button>
      <span className="text-sm text-slate-600">
        {used === 0 ? "No sessions use it." : `${used} session${used === 1 ? " uses" : "s use"} it: move them first.`}
      </span>
      <div className="w-full">
        <FormErrors errors={error ? [error] : undefined} />
      </div>
    </Form>
  );
}

/** The rooms' or the tracks' part of the page: heading, one list item per existing one, then a form to add one. */
function VenueSection({
  noun,
  intro,
  addForm,
  children,
}: {
  noun: "room" | "track";
  intro: string;
  addForm: ReactNode;
  /** The `<li>`s of the existing ones. */
  children: ReactNode;
}) {
  const heading = `${noun}s-heading`;
  return (
    <section aria-labelledby={heading} className="space-y-4">
      <div>
        <h2 id={heading} className="text-xl font-bold">
          {noun === "room" ? "Rooms" : "Tracks"}
        </h2>
        <p className="text-sm text-slate-600">{intro}</p>
      </div>
      <ul className="space-y-4">{children}</ul>
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-4">
        <h3 className="mb-3 font-semibold">{`Add a ${noun}`}</h3>
        {addForm}
      </div>
    </section>
  );
}

export default function Venue() {
  const { rooms, tracks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reply = actionData && !("deleteError" in actionData) ? actionData : undefined;
  const deleteError = (id: string) =>
    actionData && "deleteError" in actionData && actionData.deleteError.id === id ? actionData.deleteError.message : undefined;
  return (
    <div className="space-y-10">
      <VenueSection
        noun="room"
        intro="Capacity caps workshop seats; the accessibility features appear on session pages. Order sets the grid's columns."
        addForm={<RoomForm key={rooms.length} reply={reply} />}
      >
        {rooms.map((room) => (
          <li key={room.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <RoomForm key={String(room.updatedAt)} room={room} reply={reply} />
            <DeleteButton
              intent="delete-room"
              idField="roomId"
              id={room.id}
              name={room.name}
              used={room._count.sessions}
              error={deleteError(room.id)}
            />
          </li>
        ))}
      </VenueSection>

      <VenueSection
        noun="track"
        intro="Themes that group sessions; the colour marks them in the schedule."
        addForm={<TrackForm key={tracks.length} reply={reply} />}
      >
        {tracks.map((track) => (
          <li
            key={track.id}
            className="rounded-lg border border-l-8 border-slate-200 bg-white p-4 shadow-sm"
            style={{ borderLeftColor: track.color }}
          >
            <TrackForm key={String(track.updatedAt)} track={track} reply={reply} />
            <DeleteButton
              intent="delete-track"
              idField="trackId"
              id={track.id}
              name={track.name}
              used={track._count.sessions}
              error={deleteError(track.id)}
            />
          </li>
        ))}
      </VenueSection>
    </div>
  );
}
