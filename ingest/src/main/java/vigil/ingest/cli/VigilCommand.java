package vigil.ingest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil}: the one entry point of a Vigil process. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Video-network analytics: RTSP ingest, recording, motion search.",
        subcommands = {NodeCommand.class, DemoCommand.class, AnalyzeCommand.class, EvaluateCommand.class,
                CommandLine.HelpCommand.class})
public final class VigilCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Decoder complaints about damaged input are counted in metrics; FFmpeg's own log would flood the console.
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL);
        System.exit(new CommandLine(new VigilCommand()).execute(args));
    }
}
