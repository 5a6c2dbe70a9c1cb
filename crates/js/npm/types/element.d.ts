// hashdrop/element: <hashdrop-user-data>. Importing this module defines the element.

/**
 * Wraps form fields and replaces what they submit with hashes: each field holding a match key
 * (`data-hashdrop="em"`, or its `autocomplete` token, or `type="email"`/`type="tel"`) gives its
 * `name` to a hidden field holding the SHA-256 of its normalized value. Attributes: `country`
 * (default country, ISO alpha-2), `date-order` (`mdy` or `dmy`), `name` (also submit the whole
 * CAPI `user_data` as JSON under this name).
 */
export class HashdropUserData extends HTMLElement {
  /** Settles when every wrapped field holds its hash (after the wasm has loaded). */
  ready: Promise<void>;
  /** Hash every wrapped field again (after setting values from script). */
  refresh(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "hashdrop-user-data": HashdropUserData;
  }
}
