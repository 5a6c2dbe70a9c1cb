// Page objects for steps 2–5 (File, Mapping, Check, Send): each says what it needs first.
import { Shell } from './shell.mjs';

class LaterStep extends Shell {
  constructor(page, name) {
    super(page);
    this.name = name;
    this.root = page.getByTestId(`page-${name}`);
    this.requirement = page.getByTestId('step-requirement');
    this.requirementLink = page.getByTestId('step-requirement-link');
  }
}

export class FilePage extends LaterStep {
  constructor(page) {
    super(page, 'file');
  }
}

export class MappingPage extends LaterStep {
  constructor(page) {
    super(page, 'mapping');
  }
}

export class CheckPage extends LaterStep {
  constructor(page) {
    super(page, 'check');
  }
}

export class SendPage extends LaterStep {
  constructor(page) {
    super(page, 'send');
  }
}

export const LATER_STEPS = { file: FilePage, mapping: MappingPage, check: CheckPage, send: SendPage };
