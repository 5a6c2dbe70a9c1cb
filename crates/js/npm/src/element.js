// `hashdrop/element`: <hashdrop-user-data>, a custom element that hashes the identifiers typed
// into the form fields it wraps, so that the form submits hashes and never a raw value.
//
// Each wrapped field that holds a match key (its `data-hashdrop` attribute, or else its
// `autocomplete` token, or `type="email"` / `type="tel"`) loses its `name`; a hidden field
// takes that name and holds the hash, updated as the person types. A value that cannot be
// normalized marks its field invalid (`setCustomValidity`, `data-hashdrop-error="<code>"`), so
// the browser's own validation stops the submission. With a `name` attribute the element also
// keeps one hidden field of that name holding the whole CAPI `user_data` as JSON.
import { hash, hashUserDataMany, init } from "./index.js";

/** `autocomplete` tokens (the last token of the attribute) and the match key each holds. */
const AUTOCOMPLETE = {
  email: "em",
  tel: "ph",
  "tel-national": "ph",
  "given-name": "fn",
  "family-name": "ln",
  "postal-code": "zp",
  "address-level2": "ct",
  "address-level1": "st",
  country: "country",
  "country-name": "country",
  bday: "db",
  sex: "ge",
};

/** The match key a form field holds, or `undefined` when it holds none. */
function fieldOf(control) {
  const explicit = control.getAttribute("data-hashdrop");
  if (explicit !== null) return explicit.trim() || undefined;
  const tokens = (control.getAttribute("autocomplete") ?? "").trim().split(/\s+/);
  const fromAutocomplete = AUTOCOMPLETE[tokens[tokens.length - 1]];
  if (fromAutocomplete) return fromAutocomplete;
  if (control.type === "email") return "em";
  if (control.type === "tel") return "ph";
  return undefined;
}

const BaseElement = typeof HTMLElement === "undefined" ? class {} : HTMLElement;

export class HashdropUserData extends BaseElement {
  /** Settles when every wrapped field holds its hash (after the wasm has loaded). */
  ready = Promise.resolve();
  #controls = [];
  #summary;
  #loaded = false;

  connectedCallback() {
    this.#adopt();
    this.addEventListener("input", this.#onInput);
    this.addEventListener("change", this.#onInput);
    this.closest("form")?.addEventListener("submit", this.#onSubmit, true);
    this.ready = init().then(() => {
      this.#loaded = true;
      this.refresh();
    });
  }

  disconnectedCallback() {
    this.removeEventListener("input", this.#onInput);
    this.removeEventListener("change", this.#onInput);
    this.closest("form")?.removeEventListener("submit", this.#onSubmit, true);
  }

  /** Take every field holding a match key: move its name to a hidden field of hashes. */
  #adopt() {
    for (const control of this.querySelectorAll("input, select, textarea")) {
      if (control.type === "hidden" || this.#controls.some((c) => c.control === control)) continue;
      const field = fieldOf(control);
      if (!field) continue;
      const name = control.getAttribute("name");
      let hidden;
      if (name) {
        control.removeAttribute("name");
        control.setAttribute("data-hashdrop-name", name);
        hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        control.after(hidden);
      }
      this.#controls.push({ control, field, hidden });
    }
    const summaryName = this.getAttribute("name");
    if (summaryName && !this.#summary) {
      this.#summary = document.createElement("input");
      this.#summary.type = "hidden";
      this.#summary.name = summaryName;
      this.append(this.#summary);
    }
  }

  #options() {
    const options = {};
    const country = this.getAttribute("country");
    if (country) options.country = country;
    const dateOrder = this.getAttribute("date-order");
    if (dateOrder) options.dateOrder = dateOrder;
    return options;
  }

  #update(entry, options) {
    const { control, field, hidden } = entry;
    let hashed = "";
    let code = "";
    let message = "";
    if (control.value.trim() !== "") {
      try {
        hashed = hash(field, control.value, options) ?? "";
      } catch (error) {
        code = error.code ?? "invalid";
        message = error.message;
      }
    }
    if (hidden) hidden.value = hashed;
    control.setCustomValidity(message);
    if (code) control.setAttribute("data-hashdrop-error", code);
    else control.removeAttribute("data-hashdrop-error");
  }

  #updateSummary(options) {
    if (!this.#summary) return;
    const record = {};
    for (const { control, field } of this.#controls) {
      if (control.value.trim() === "") continue;
      (record[field] ??= []).push(control.value);
    }
    const [userData] = hashUserDataMany([record], options).hashed;
    this.#summary.value = JSON.stringify(userData);
  }

  /** Hash every wrapped field again (after values were set from script, say). */
  refresh() {
    if (!this.#loaded) return;
    this.#adopt();
    const options = this.#options();
    for (const entry of this.#controls) this.#update(entry, options);
    this.#updateSummary(options);
  }

  #onInput = (event) => {
    if (!this.#loaded) return;
    const entry = this.#controls.find((c) => c.control === event.target);
    if (!entry) return;
    const options = this.#options();
    this.#update(entry, options);
    this.#updateSummary(options);
  };

  // Capture phase, before the browser builds the form data: values set without an input event
  // (autofill in some browsers, scripts) are hashed too, and a submission before the wasm has
  // loaded waits for it and is submitted again.
  #onSubmit = (event) => {
    if (this.#loaded) {
      this.refresh();
      if (!event.target.checkValidity()) {
        event.preventDefault();
        event.target.reportValidity();
      }
      return;
    }
    event.preventDefault();
    const form = event.target;
    const submitter = event.submitter;
    this.ready.then(() => {
      if (form.reportValidity()) form.requestSubmit(submitter ?? undefined);
    });
  };
}

if (typeof customElements !== "undefined" && !customElements.get("hashdrop-user-data")) {
  customElements.define("hashdrop-user-data", HashdropUserData);
}
