package vigil.ingest.cli;

import picocli.CommandLine.Option;

/** How pictures are decoded for analysis, shared by {@code vigil node} and {@code vigil analyze}. */
final class DecodeOptions {

    @Option(names = "--deblock", description = "decode pictures for analysis with H.264's deblocking filter: exact "
            + "pictures for about a sixth more decoding CPU (default: skip it; recordings are never affected)")
    boolean deblock;
}
