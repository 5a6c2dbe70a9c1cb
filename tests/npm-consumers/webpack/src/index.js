// Built with webpack 5's defaults: `webpack` (no webpack.config.js: src/index.js to dist/main.js).
import "../../shared/browser-main.js";
