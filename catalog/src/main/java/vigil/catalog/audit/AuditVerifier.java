package vigil.catalog.audit;

import java.util.ArrayList;
import java.util.List;
import vigil.catalog.store.CatalogStore;

/**
 * Walks the audit trail from its first kept entry to its head and finds every break: an entry whose hash does
 * not match its fields (altered), a gap in the sequence or a hash that does not follow the one before (removed or
 * inserted), a head that does not match the last entry (entries cut off the end).
 */
public final class AuditVerifier {

    private static final int BATCH = 5_000;

    /** What verification found: entries checked and the problems, empty when the trail is whole. */
    public record Result(long checked, List<String> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private AuditVerifier() {
    }

    public static Result verify(CatalogStore store) {
        AuditHead head = store.auditHead();
        List<String> problems = new ArrayList<>();
        long expectedSeq = head.firstSeq();
        String prev = head.anchorHash();
        long checked = 0;
        long after = head.firstSeq() - 1;
        while (true) {
            List<AuditEntry> batch = store.auditEntries(after, BATCH);
            for (AuditEntry e : batch) {
                if (e.seq() != expectedSeq) {
                    problems.add("entries " + expectedSeq + ".." + (e.seq() - 1) + " are missing");
                } else if (!e.prevHash().equals(prev)) {
                    problems.add("entry " + e.seq() + " does not follow the entry before it");
                }
                if (!AuditChain.hash(e.prevHash(), e.seq(), e.event()).equals(e.hash())) {
                    problems.add("entry " + e.seq() + " was altered after it was written");
                }
                prev = e.hash();
                expectedSeq = e.seq() + 1;
                after = e.seq();
                checked++;
            }
            if (batch.size() < BATCH) break;
        }
        if (expectedSeq - 1 != head.seq() || !prev.equals(head.hash())) {
            problems.add("the trail ends at entry " + (expectedSeq - 1) + " but its head says " + head.seq());
        }
        return new Result(checked, problems);
    }
}
