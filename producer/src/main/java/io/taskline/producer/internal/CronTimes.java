package io.taskline.producer.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fire times of a 5-field Unix cron expression (or a macro such as {@code @daily}) in a time
 * zone, computed by cron-utils' {@link ExecutionTime}, with daylight-saving changes handled as
 * ISC (Vixie) cron does:
 *
 * <ul>
 *   <li>A <em>fixed-time</em> expression (neither minute nor hour starts with {@code *}), e.g.
 *       {@code 30 2 * * *}: a fire whose local time is skipped by a spring-forward change fires
 *       once, at the change; in the hour a fall-back change repeats, it fires only the first time.</li>
 *   <li>A <em>wildcard</em> expression, e.g. {@code 0 * * * *} or {@code *&#47;15 * * * *}, follows
 *       the local clock: skipped local times do not fire, repeated ones fire twice.</li>
 * </ul>
 *
 * cron-utils alone skips fixed-time fires in a spring-forward gap and repeats some (such as
 * {@code 0,30 2 * * *}) in a fall-back overlap; this class corrects both.
 */
public final class CronTimes implements FireTimes {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String FIELDS = "minute hour day-of-month month day-of-week";
    /** More transitions than any zone has between two fires of a valid expression. */
    private static final int MAX_TRANSITIONS = 64;

    private final ExecutionTime times;
    private final ZoneId zone;
    private final boolean fixedTime;

    private CronTimes(ExecutionTime times, ZoneId zone, boolean fixedTime) {
        this.times = times;
        this.zone = zone;
        this.fixedTime = fixedTime;
    }

    /**
     * Parses {@code expression}; throws {@link IllegalArgumentException} with one line that says
     * what is wrong, e.g. {@code invalid cron expression '0 6 * *': expected 5 fields (...), got 4}.
     */
    public static CronTimes parse(String expression, ZoneId zone) {
        String text = expression == null ? "" : expression.trim();
        String fields = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        if (fields.startsWith("@")) {
            throw invalid(expression, "unknown macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight "
                    + "or @hourly)");
        }
        String[] parts = fields.isEmpty() ? new String[0] : fields.split("\\s+");
        if (parts.length != 5) {
            throw invalid(expression, "expected 5 fields (" + FIELDS + "), got " + parts.length);
        }
        Cron cron;
        try {
            cron = PARSER.parse(fields).validate();
        } catch (IllegalArgumentException e) {
            throw invalid(expression, String.valueOf(e.getMessage()).replace("Failed to parse cron expression. ", ""));
        }
        return new CronTimes(ExecutionTime.forCron(cron), zone, !parts[0].startsWith("*") && !parts[1].startsWith("*"));
    }

    private static IllegalArgumentException invalid(String expression, String reason) {
        return new IllegalArgumentException("invalid cron expression '" + expression + "': " + reason);
    }

    @Override
    public Optional<Instant> next(Instant after) {
        Optional<ZonedDateTime> candidate = times.nextExecution(after.atZone(zone));
        if (!fixedTime) {
            return candidate.map(ZonedDateTime::toInstant);
        }
        while (candidate.isPresent() && isRepeatedLocalTime(candidate.get())) {
            candidate = times.nextExecution(candidate.get());
        }
        if (candidate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(firstSkippedFire(after, candidate.get().toInstant()).orElse(candidate.get().toInstant()));
    }

    /** True for the second occurrence of a local time that a fall-back change repeats. */
    private boolean isRepeatedLocalTime(ZonedDateTime time) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(time.toLocalDateTime());
        return transition != null && transition.isOverlap() && time.getOffset().equals(transition.getOffsetAfter());
    }

    /** The first spring-forward change in (after, until] whose skipped local times the expression matches. */
    private Optional<Instant> firstSkippedFire(Instant after, Instant until) {
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition transition = rules.nextTransition(after);
        for (int i = 0; i < MAX_TRANSITIONS && transition != null && !transition.getInstant().isAfter(until); i++) {
            if (transition.isGap() && matchesInGap(transition)) {
                return Optional.of(transition.getInstant());
            }
            transition = rules.nextTransition(transition.getInstant());
        }
        return Optional.empty();
    }

    private boolean matchesInGap(ZoneOffsetTransition gap) {
        LocalDateTime start = gap.getDateTimeBefore();
        // In the offset before the change the skipped local times exist, so cron-utils can match them.
        Optional<ZonedDateTime> match = times.nextExecution(start.minusSeconds(1).atZone(gap.getOffsetBefore()));
        return match.isPresent() && match.get().toLocalDateTime().isBefore(gap.getDateTimeAfter());
    }
}
