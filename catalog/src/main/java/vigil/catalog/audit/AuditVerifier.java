package vigil.catalog.audit;

import java.util.ArrayList;
import java.util.List;
import vigil.catalog.store.CatalogStore;

/**
 * Walks the audit trail from its first kept entry to its head and finds every break: an entry whose hash does
 * not match its fields (altered), a gap in the sequence or a hash that does not follow the one before (removed or
 * inserted), a head that does not match the last entry (entries cut off the end). The trail is checked as far as
 * the head read at the start: entries appended while it runs are not a break, but an entry past the head as it
 * is at the end is.
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
        long pastHead = -1;
        while (pastHead < 0) {
            List<AuditEntry> batch = store.auditEntries(after, BATCH);
            for (AuditEntry e : batch) {
                // entries appended since the head was read (requests still being audited) are checked next time
                if (e.seq() > head.seq()) {
                    pastHead = e.seq();
                    break;
                }
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
        // past the head read at the start: appended since (the head has moved on), or put there behind its back
        if (pastHead >= 0 && pastHead > store.auditHead().seq()) {
            problems.add("entry " + pastHead + " lies past the trail's head");
        }
        return new Result(checked, problems);
    }
}
