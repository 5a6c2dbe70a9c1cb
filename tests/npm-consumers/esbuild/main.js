// Built with esbuild's defaults: `esbuild main.js --bundle --outfile=dist/main.js`.
import "../shared/browser-main.js";
