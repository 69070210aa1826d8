package upstream

// WithDevice returns a copy of c that names device on every request
// (wire.DeviceHeader, and the device field of a status lookup) and sends the
// token with health checks too, so the upstream can tell a kiosk that is
// alive but idle from one that is gone, and count lookups per device.
func (c *Client) WithDevice(device string) *Client {
	cp := *c
	cp.device = device
	return &cp
}
