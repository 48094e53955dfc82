/** An {@link Assistant} that records every input the adapters hand to the core. */
import { Assistant } from '../../src/core/assistant.js';
import type { Brain } from '../../src/core/respond.js';
import type { Incoming } from '../../src/core/types.js';

/** A real assistant on `brain`, and the inputs it received, in order. */
export function recordingAssistant(brain: Brain): { assistant: Assistant; inputs: Incoming[] } {
  const assistant = new Assistant(brain);
  const inputs: Incoming[] = [];
  const handle = assistant.handle.bind(assistant);
  assistant.handle = (ref, input) => {
    inputs.push(input);
    return handle(ref, input);
  };
  return { assistant, inputs };
}
