// Live data: the server's event stream (/graphql/events, Subscription.dataChanged as
// server-sent events) says when an import commits, on this server or any other of the
// same database. The explorer then says so and refreshes the view when the reader asks.
import { useEffect, useState } from "preact/hooks";

/** What an import changed, as the event gives it. */
export interface DataChange {
  version: number;
  imported: { name: string; format: string; rowCount: number; importedAt: string }[];
}

interface Event {
  data?: { dataChanged?: DataChange } | null;
}

/** The changes since the page loaded (or since the reader last refreshed), newest last. */
export function useDataChanges(): DataChange[] {
  const [changes, setChanges] = useState<DataChange[]>([]);
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/graphql/events");
    source.addEventListener("next", (event: MessageEvent<string>) => {
      const change = (JSON.parse(event.data) as Event).data?.dataChanged;
      if (change) setChanges((before) => [...before, change]);
    });
    // Closed as the page goes, so that its connection is not held while the next loads.
    const close = () => source.close();
    window.addEventListener("pagehide", close);
    return () => {
      window.removeEventListener("pagehide", close);
      close();
    };
  }, []);
  return changes;
}

/** "New data was imported — refresh", with the files, until the reader refreshes. */
export function LiveBanner({ changes, refresh }: { changes: DataChange[]; refresh: () => void }) {
  if (changes.length === 0) return null;
  const files = [...new Set(changes.flatMap((c) => c.imported.map((f) => f.name)))];
  return (
    <div class="live-banner" role="status">
      New data was imported{files.length ? ` (${files.join(", ")})` : ""}: what this page shows may be out of date.{" "}
      <button type="button" onClick={refresh}>
        Refresh
      </button>
    </div>
  );
}
