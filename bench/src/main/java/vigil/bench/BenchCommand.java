package vigil.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import vigil.bench.catalog.CatalogBenchCommand;
import vigil.bench.streams.StreamsBenchCommand;

/** {@code vigil bench}: the harnesses that size hardware (the JMH suite runs from {@code bench/target/benchmarks.jar}). */
@Command(name = "vigil bench", mixinStandardHelpOptions = true, description = "Benchmarks that size a deployment.",
        subcommands = {CatalogBenchCommand.class, StreamsBenchCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(cli().execute(args));
    }

    /** The command line as {@code vigil bench} runs it: a wrong option or a missing tool is one line and exit 2. */
    static CommandLine cli() {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                line.getErr().println("vigil bench: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
