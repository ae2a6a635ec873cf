// Progressive enhancement only: every page works without JavaScript.
// Only GOV.UK Frontend's components are used (no page has an MoJ Frontend component
// with a data-module): import MoJ Frontend's script here when one does.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
