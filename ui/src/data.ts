// Loading a view's data: one request per view, with its state shown while it runs.
import { useEffect, useState } from "preact/hooks";
import { run } from "./api";
import type { TypedDocumentString } from "./gql/graphql";

export type Loaded<T> =
  | { status: "loading" }
  | { status: "failed"; message: string }
  | { status: "done"; data: T };

export function useQuery<T, V>(query: TypedDocumentString<T, V>, variables: V): Loaded<T> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<Loaded<T>>({ status: "loading" });
  useEffect(() => {
    let current = true;
    setState({ status: "loading" });
    run(query, variables).then(
      (data) => current && setState({ status: "done", data }),
      (error: unknown) =>
        current && setState({ status: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
    // The variables are compared by value, through their JSON.
  }, [query, key]);
  return state;
}
