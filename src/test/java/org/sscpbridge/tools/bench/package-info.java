/**
 * Benchmarks of issue 13 that drive the bridge over UDP either in this JVM or as users run it
 * (bin/bridge in Felix): steady state ({@link org.sscpbridge.tools.bench.IdleLoad}) and start
 * time ({@link org.sscpbridge.tools.bench.StartTime}). Under src/test: they reuse the integration
 * tests' Kamailio and bin/bridge support and never ship in the bundle; they are not part of
 * {@code mvn verify} (bin/load-idle, bin/bench/*), only their arithmetic is unit-tested.
 */
package org.sscpbridge.tools.bench;
