package vigil.ingest.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vigil.catalog.audit.AuditVerifier;
import vigil.catalog.store.JdbcCatalogStore;
import vigil.ingest.node.CatalogSettings;

/** {@code vigil audit verify}: checks the audit trail's hash chain end to end. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the audit trail.",
        subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Walk the audit trail and report every entry altered, removed or cut off (exit code 1 if any).")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--data-dir", defaultValue = "vigil-data", description = "the node's data dir (default: ${DEFAULT-VALUE})")
        Path dataDir;

        @Option(names = "--catalog", description = "a PostgreSQL catalog URL (password from $VIGIL_CATALOG_PASSWORD or --catalog-password-file)")
        String catalog;

        @Option(names = "--catalog-password-file", description = "a file whose first line is the catalog's password")
        Path passwordFile;

        @Override
        public Integer call() {
            try (JdbcCatalogStore store = new CatalogSettings(catalog, passwordFile).open(dataDir)) {
                AuditVerifier.Result result = AuditVerifier.verify(store);
                if (result.intact()) {
                    System.out.printf("audit trail intact: %d entries checked%n", result.checked());
                    return 0;
                }
                System.out.printf("audit trail BROKEN: %d entries checked, %d problem(s):%n", result.checked(), result.problems().size());
                result.problems().forEach(p -> System.out.println("  " + p));
                return 1;
            }
        }
    }
}
