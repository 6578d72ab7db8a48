package vigil.catalog.audit;

/**
 * Where the trail stands: its last entry ({@code seq}, {@code hash}) and where it starts after retention removed
 * old entries ({@code firstSeq}, and {@code anchorHash}, the hash the first kept entry follows).
 */
public record AuditHead(long seq, String hash, long firstSeq, String anchorHash) {
}
