/** Where the document's named schemas and responses are referred to (no imports: the validator stays light). */
export const SCHEMA_REF_PREFIX = '#/components/schemas/';
export const RESPONSE_REF_PREFIX = '#/components/responses/';
