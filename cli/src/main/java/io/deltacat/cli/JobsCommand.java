package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobPage;
import io.deltacat.api.model.JobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deltacat jobs list|get|watch|cancel}. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List, inspect, watch and cancel jobs.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Get.class, JobsCommand.Watch.class,
                JobsCommand.Cancel.class})
final class JobsCommand {

    /** {@code jobs list [--state S,...] [--type T] [--tag T]... [--max N]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, oldest first.")
    static final class ListJobs implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Option(names = "--state", split = ",", paramLabel = "STATE",
                description = "Only jobs in these states: pending, claimed, running, succeeded, failed, cancelled.")
        List<String> states = new ArrayList<>();
        @Option(names = "--type", description = "Only jobs of this type.") String type;
        @Option(names = "--tag", paramLabel = "TAG", description = "Only jobs requiring this worker tag (repeatable).")
        List<String> tags = new ArrayList<>();
        @Option(names = "--max", paramLabel = "N", defaultValue = "100",
                description = "At most N jobs, following pages (default: ${DEFAULT-VALUE}).")
        int max;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            JobState[] wanted = states.stream().map(ListJobs::state).toArray(JobState[]::new);
            if (max < 1) {
                throw new CliUsageException("--max must be >= 1");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (DeltacatClient client = connection.connect()) {
                String token = null;
                do {
                    String pageToken = token;
                    JobPage page = client.jobs().list(l -> {
                        l.states(wanted).pageSize(Math.min(1000, max - rows.size()));
                        if (type != null) {
                            l.type(type);
                        }
                        l.tags(tags.toArray(String[]::new));
                        if (pageToken != null) {
                            l.pageToken(pageToken);
                        }
                    });
                    page.jobs().forEach(j -> rows.add(Views.job(j)));
                    token = page.nextPageToken().orElse(null);
                } while (token != null && rows.size() < max);
            }
            Printer.list(System.out, mode, rows);
            return ExitCodes.OK;
        }

        private static JobState state(String s) {
            JobState st = JobState.fromWire(s.strip().toLowerCase(Locale.ROOT));
            if (st == JobState.UNKNOWN) {
                throw new CliUsageException("unknown job state '" + s + "'; known: pending, claimed, running, succeeded,"
                        + " failed, cancelled");
            }
            return st;
        }
    }

    /** {@code jobs get ID [--events]}. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a job (and its events).")
    static final class Get implements Callable<Integer> {
        @Mixin Connection connection;
        @Mixin OutputOption output;
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--events", description = "Include the job's events.") boolean events;

        @Override
        public Integer call() {
            OutputOption.Mode mode = output.mode(connection);
            try (DeltacatClient client = connection.connect()) {
                Map<String, Object> r = Views.jobDetail(client.jobs().get(id));
                if (events) {
                    r.put("events", client.jobs().events(id).stream().map(JobsCommand::event).toList());
                }
                Printer.one(System.out, mode, r);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code jobs watch ID [--timeout D]}: prints events as they come until the job ends. */
    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Follow a job until it ends, printing its events and progress. Exit code 0 when it"
                    + " succeeded, 10 when it failed or was cancelled, 11 when --timeout passed first.")
    static final class Watch implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT1H",
                description = "Stop waiting after this long, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() {
            try (DeltacatClient client = connection.connect()) {
                return JobFollower.follow(client, id, timeout);
            }
        }
    }

    /** {@code jobs cancel ID}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job that has not ended.")
    static final class Cancel implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            try (DeltacatClient client = connection.connect()) {
                Job job = client.jobs().cancel(id);
                System.out.println("job " + id + " " + job.state().wireName());
            }
            return ExitCodes.OK;
        }
    }

    private static Map<String, Object> event(JobEvent e) {
        Map<String, Object> r = Printer.record();
        r.put("sequence", e.sequence());
        r.put("name", e.name());
        r.put("time", e.time().toString());
        r.put("completed", e.completed().isPresent() ? e.completed().getAsLong() : null);
        r.put("expected", e.expected().isPresent() ? e.expected().getAsLong() : null);
        return r;
    }
}
