"""The portal's test phase: visitors' feedback on the portal and server-side usage figures."""
