package org.sscpbridge.osgi;

import jakarta.servlet.Servlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.web.SscpConsoleServlet;

/**
 * Registers the "SSCP Bridge" page with the Felix Web Console: a Jakarta {@link Servlet} service with the
 * Web Console's plugin properties, over the same {@link BridgeControl} the Gogo commands use. Delayed: SCR
 * loads it (and the servlet API) only when a Web Console asks for the service, so the bridge runs where there is
 * none (its servlet and encoder imports are optional).
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=sscp",
    "felix.webconsole.title=SSCP Bridge",
    "felix.webconsole.category=SSCP"
})
public final class WebConsolePlugin extends SscpConsoleServlet {
    private static final long serialVersionUID = 1L;

    @Activate
    public WebConsolePlugin(@Reference BridgeControl bridge) {
        super(bridge);
    }
}
