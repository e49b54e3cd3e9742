package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

var (
	_ validator.String = zoneValidator{}
	_ validator.String = leadValidator{}
	_ validator.String = offsetValidator{}
	_ validator.String = instantValidator{}
	_ validator.Map    = capacityValidator{}
	_ validator.Number = wholeValidator{}
)

// stringCheck adapts a parse function to a string validator that reports its
// error on the attribute.
func stringCheck(req validator.StringRequest, resp *validator.StringResponse, summary string, parse func(string) error) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, summary, fmt.Sprintf("%s: %s.", req.Path, err))
	}
}

// zoneValidator checks an IANA time zone name.
type zoneValidator struct{}

func (zoneValidator) Description(context.Context) string { return "must be an IANA time zone name" }
func (v zoneValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (zoneValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	stringCheck(req, resp, "Invalid Time Zone", func(s string) error { _, err := timeline.LoadZone(s); return err })
}

// leadValidator checks a non-negative duration.
type leadValidator struct{}

func (leadValidator) Description(context.Context) string { return "must be a non-negative duration" }
func (v leadValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (leadValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	stringCheck(req, resp, "Invalid Lead", func(s string) error { _, err := timeline.ParseLead(s); return err })
}

// offsetValidator checks a signed offset from the on-sale instant.
type offsetValidator struct{}

func (offsetValidator) Description(context.Context) string {
	return "must be a signed duration such as -60m or +90m"
}
func (v offsetValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (offsetValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	stringCheck(req, resp, "Invalid Offset", func(s string) error { _, err := timeline.ParseOffset(s); return err })
}

// instantValidator checks an RFC 3339 timestamp with an offset.
type instantValidator struct{}

func (instantValidator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp with an offset"
}
func (v instantValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (instantValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	stringCheck(req, resp, "Invalid Timestamp", func(s string) error { _, err := timeline.ParseInstant(s); return err })
}

// capacityValidator checks that every value of a map of numbers is whole and
// not negative.
type capacityValidator struct{}

func (capacityValidator) Description(context.Context) string {
	return "every value must be a whole number, 0 or more"
}
func (v capacityValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (capacityValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for k, v := range req.ConfigValue.Elements() {
		n, ok := v.(types.Number)
		if !ok || n.IsNull() || n.IsUnknown() {
			continue
		}
		if _, err := wholeNonNegative(n.ValueBigFloat()); err != nil {
			p := req.Path.AtMapKey(k)
			resp.Diagnostics.AddAttributeError(p, "Invalid Capacity", fmt.Sprintf("%s: %s.", p, err))
		}
	}
}

// wholeValidator checks one number is whole and not negative.
type wholeValidator struct{}

func (wholeValidator) Description(context.Context) string { return "must be a whole number, 0 or more" }
func (v wholeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (wholeValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := wholeNonNegative(req.ConfigValue.ValueBigFloat()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Number", fmt.Sprintf("%s: %s.", req.Path, err))
	}
}

// wholeNonNegative converts a Terraform number to int64 when it is a whole
// number from 0 up.
func wholeNonNegative(f *big.Float) (int64, error) {
	if f == nil {
		return 0, fmt.Errorf("a number is required")
	}
	if f.Sign() < 0 {
		return 0, fmt.Errorf("%s is negative: use a whole number, 0 or more", f.Text('g', -1))
	}
	if !f.IsInt() {
		return 0, fmt.Errorf("%s is not a whole number: capacity is counted in whole units", f.Text('g', -1))
	}
	i, acc := f.Int64()
	if acc != big.Exact {
		return 0, fmt.Errorf("%s is too large", f.Text('g', -1))
	}
	return i, nil
}
