package vigil.ingest.cli;
public class VigilCommand { public static void main(String[] a) {} }
