package org.sscpbridge.phone;

import java.util.Optional;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.TransferListener;
import org.sscpbridge.call.TransferRequest;

/**
 * Turns what a call's SIP dialog says (on the dialog's own thread) into {@link CallEvent}s, each
 * tagged with the dialog it came from: the sink hands them to the phone's thread and drops those of
 * a dialog the call no longer has (hung up, or replaced by an INVITE with Replaces).
 */
final class DialogEvents {

    /** Where the events go; called on SIP threads, must only hand over. */
    interface Sink {
        void deliver(PhoneCall call, int generation, CallEvent event);

        void transferRequested(PhoneCall call, int generation, TransferRequest request);
    }

    private DialogEvents() {}

    /** The listener of dialog number {@code generation} of {@code call}. */
    static CallListener listener(PhoneCall call, int generation, Sink sink) {
        return new CallListener() {
            @Override
            public void onProgress(int status, Optional<MediaSession> earlyMedia) {
                sink.deliver(call, generation, new CallEvent.Progress(status, earlyMedia));
            }

            @Override
            public void onAnswered(MediaSession media) {
                sink.deliver(call, generation, new CallEvent.Answered(media));
            }

            @Override
            public void onFailed(int status, String reason) {
                sink.deliver(call, generation, new CallEvent.Failed(status, reason));
            }

            @Override
            public void onEnded(String reason) {
                sink.deliver(call, generation, new CallEvent.Ended(reason));
            }

            @Override
            public void onMediaChanged(MediaSession media) {
                sink.deliver(call, generation, new CallEvent.MediaChanged(media));
            }

            @Override
            public void onReofferFailed(int status, String reason) {
                sink.deliver(call, generation, new CallEvent.ReofferFailed(status, reason));
            }

            @Override
            public void onTransferRequested(TransferRequest request) {
                sink.transferRequested(call, generation, request);
            }
        };
    }

    /** The outcome of a REFER sent in dialog number {@code generation} of {@code call}. */
    static TransferListener transfer(PhoneCall call, int generation, Sink sink) {
        return new TransferListener() {
            @Override
            public void onAccepted() {
                sink.deliver(call, generation, new CallEvent.ReferAccepted());
            }

            @Override
            public void onSucceeded(String text) {
                sink.deliver(call, generation, new CallEvent.ReferSucceeded(text));
            }

            @Override
            public void onFailed(int status, String text) {
                sink.deliver(call, generation, new CallEvent.ReferFailed(status, text));
            }
        };
    }
}
