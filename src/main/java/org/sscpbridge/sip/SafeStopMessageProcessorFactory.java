package org.sscpbridge.sip;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.net.InetAddress;
import javax.sip.ListeningPoint;

/**
 * The RI's message processors, except that UDP ones can be stopped at any moment. The RI's UDP
 * processor builds its channel list on its own thread after start; stopping it before that thread
 * is done throws (NullPointerException or ConcurrentModificationException) half-way, leaving
 * threads behind. The bridge stops stacks right after starting them (a port taken on the SSCP
 * side, a quick disable), so its processors wait for their own start-up before stopping.
 * Named by class in the stack properties ({@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}).
 */
public final class SafeStopMessageProcessorFactory implements MessageProcessorFactory {
    private final MessageProcessorFactory others = new OIOMessageProcessorFactory();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        if (ListeningPoint.UDP.equalsIgnoreCase(transport)) {
            MessageProcessor udp = new SafeStopUdpMessageProcessor(address, stack, port);
            // What the RI's own factory does: UDP requests then leave from the listening socket
            // instead of a new ephemeral socket per datagram.
            try {
                java.lang.reflect.Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
                flag.setAccessible(true);
                flag.setBoolean(stack, true);
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot make the SIP stack send from its UDP socket", e);
            }
            return udp;
        }
        return others.createMessageProcessor(stack, address, port, transport);
    }

    private static final class SafeStopUdpMessageProcessor extends UDPMessageProcessor {
        private static final long START_UP_WAIT_NANOS = 2_000_000_000L;

        SafeStopUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
            super(address, stack, port);
        }

        @Override
        public void stop() {
            awaitStartUp();
            super.stop();
        }

        private void awaitStartUp() {
            if (!isRunning) {
                return;
            }
            long deadline = System.nanoTime() + START_UP_WAIT_NANOS;
            while (!channelsBuilt() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }

        private boolean channelsBuilt() {
            var channels = messageChannels;
            // The processor's own threadPoolSize field is never set by the RI; the stack's is not
            // readable from here, so the size the user agent configured is used.
            return channels != null && channels.size() >= SipUserAgent.THREAD_POOL_SIZE;
        }
    }
}
