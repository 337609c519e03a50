package org.sscpbridge.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * An integration test class that may run beside the others: it spends most of its wall time
 * waiting (SIP Timer F/H, a PBX outage, a soak's minute), owns every process and port it uses, and
 * measures nothing another test's load could spoil beyond its stated margins. Its methods still
 * run one after the other: such a class must also carry {@code @ResourceLock} with its own name
 * (a class holding an exclusive resource runs its methods in one thread).
 *
 * <p>The parallel settings are in the failsafe configuration of the pom.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
public @interface RunsAlongside {
}
