import { RpccheckError } from '../core/errors';

/** A data file under kb/ is broken: the message names the file and the field. */
export class KbError extends RpccheckError {
  constructor(file: string, field: string, message: string) {
    super('kb.invalid', `${file}: ${field}: ${message}`);
    this.name = 'KbError';
  }
}
