export { type AuditLog, auditSummary, createAuditLog, inputHmac } from './log.ts';
