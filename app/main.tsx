// The dashboard's entry: the shell (header, site, sign-in state) and the inbox; other views are
// loaded when first opened (app/views/registry.ts).
import { render } from "preact";
import { App } from "./shell/app.tsx";
import "./styles.css";

const root = document.getElementById("root")!;
// The static "loading" text of index.html is replaced, not kept beside the app.
root.textContent = "";
render(<App />, root);
