// Built with Vite's defaults: `vite build` (no vite.config).
import "../shared/browser-main.js";
