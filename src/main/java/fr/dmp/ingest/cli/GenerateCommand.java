package fr.dmp.ingest.cli;

import fr.dmp.ingest.generate.SampleData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code generate --sample-data DIR}: writes the curated synthetic drop folders of sample-data/. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes synthetic inputs (never real patient data).")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--sample-data", required = true, description = "folder to write the curated sample drop folders into")
    Path sampleData;

    @Override
    public Integer call() {
        SampleData.writeAll(sampleData);
        System.out.println("sample data written to " + sampleData);
        return 0;
    }
}
