/** The only place that knows OSGi: DS components and metatype configuration. */
package org.sscpbridge.osgi;
