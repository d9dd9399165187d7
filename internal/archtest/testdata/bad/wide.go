package bad

// Base has 20 methods, 10 on the value and 10 on the pointer.
type Base struct{}

func (Base) V0()  {}
func (Base) V1()  {}
func (Base) V2()  {}
func (Base) V3()  {}
func (Base) V4()  {}
func (Base) V5()  {}
func (Base) V6()  {}
func (Base) V7()  {}
func (Base) V8()  {}
func (Base) V9()  {}
func (*Base) P0() {}
func (*Base) P1() {}
func (*Base) P2() {}
func (*Base) P3() {}
func (*Base) P4() {}
func (*Base) P5() {}
func (*Base) P6() {}
func (*Base) P7() {}
func (*Base) P8() {}
func (*Base) P9() {}

// Wide meets 26: its own 5, one unexported, and Base's 20.
type Wide struct {
	Base
}

func (Wide) W0()    {}
func (Wide) W1()    {}
func (*Wide) W2()   {}
func (*Wide) W3()   {}
func (*Wide) W4()   {}
func (w *Wide) w5() {}

// Full meets exactly 25: within the bar.
type Full struct{ *Base }

func (Full) F0() {}
func (Full) F1() {}
func (Full) F2() {}
func (Full) F3() {}
func (Full) F4() {}

// Many is an interface of 26 methods by embedding.
type Many interface {
	Big
	M25()
}

type Big interface {
	M0()
	M1()
	M2()
	M3()
	M4()
	M5()
	M6()
	M7()
	M8()
	M9()
	M10()
	M11()
	M12()
	M13()
	M14()
	M15()
	M16()
	M17()
	M18()
	M19()
	M20()
	M21()
	M22()
	M23()
	M24()
}
