-- Seats for one order, and its promo-code use, taken all or nothing in one statement
-- (docs/decisions/010-seat-holds-as-guarded-counters.md). Each counter moves by one guarded
-- UPDATE whose WHERE refuses to pass capacity (or "maxUses"); the first refusal undoes
-- whatever this call moved and is returned: the refused ticket type's id, 'event' (the
-- event-wide limit) or 'promo'. NULL means everything was taken. Being one statement, a hold
-- needs no interactive transaction, and the counter rows stay locked only while it runs.
-- Called from app/modules/registration/seats.server.ts, the one place that moves seat counters.
-- No tables change: Prisma does not diff functions, so later migrations leave it alone.
CREATE FUNCTION summit_take_seats(event_id TEXT, ticket_type_ids TEXT[], seat_counts INTEGER[], promo_code_id TEXT)
RETURNS TEXT
LANGUAGE plpgsql
AS $$
DECLARE
  seat RECORD;
  total INTEGER := 0;
BEGIN
  -- A block with an EXCEPTION clause runs as a savepoint: the RAISE undoes every UPDATE in it.
  BEGIN
    -- In id order, so two orders for the same ticket types lock their rows in the same order.
    FOR seat IN SELECT s.id, s.n FROM unnest(ticket_type_ids, seat_counts) AS s(id, n) ORDER BY s.id LOOP
      UPDATE "TicketType" SET taken = taken + seat.n
      WHERE id = seat.id AND "eventId" = event_id AND taken + seat.n <= capacity;
      IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'SU001', MESSAGE = seat.id;
      END IF;
      total := total + seat.n;
    END LOOP;

    UPDATE "RegistrationSettings" SET "seatsTaken" = "seatsTaken" + total
    WHERE "eventId" = event_id AND (capacity IS NULL OR "seatsTaken" + total <= capacity);
    -- Without a settings row the event has no event-wide limit.
    IF NOT FOUND AND EXISTS (SELECT FROM "RegistrationSettings" WHERE "eventId" = event_id) THEN
      RAISE EXCEPTION USING ERRCODE = 'SU001', MESSAGE = 'event';
    END IF;

    IF promo_code_id IS NOT NULL THEN
      UPDATE "PromoCode" SET uses = uses + 1
      WHERE id = promo_code_id AND ("maxUses" IS NULL OR uses < "maxUses");
      IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'SU001', MESSAGE = 'promo';
      END IF;
    END IF;
  EXCEPTION WHEN SQLSTATE 'SU001' THEN
    RETURN SQLERRM;
  END;
  RETURN NULL;
END
$$;
