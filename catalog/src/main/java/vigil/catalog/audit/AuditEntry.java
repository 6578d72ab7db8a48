package vigil.catalog.audit;

/** An event as the trail keeps it: its place in the chain ({@code seq}), the hash before it and its own. */
public record AuditEntry(long seq, AuditEvent event, String prevHash, String hash) {
}
